"""Each appeal answered before the trail existed gets its answer as the first reply."""

from django.db import migrations


def answers_to_replies(apps, schema_editor):
    Appeal = apps.get_model("judging", "Appeal")
    AppealReply = apps.get_model("judging", "AppealReply")
    answered = Appeal.objects.exclude(answer="").filter(replies__isnull=True)
    AppealReply.objects.bulk_create(
        AppealReply(
            appeal_id=appeal.pk,
            author_id=appeal.answered_by_id,
            text=appeal.answer,
            created_at=appeal.answered_at or appeal.created_at,
        )
        for appeal in answered.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0006_policy_name_en_appeal_reply"),
    ]

    operations = [
        # Backwards keeps the replies: applying this again skips appeals that have some.
        migrations.RunPython(answers_to_replies, migrations.RunPython.noop),
    ]
