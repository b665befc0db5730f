import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def confirm_existing_team_members(apps, schema_editor):
    """Team members added before confirmation existed count as confirmed when they were added."""
    SubmissionTeamMember = apps.get_model("submissions", "SubmissionTeamMember")
    SubmissionTeamMember.objects.filter(confirmed_at=None, declined_at=None).update(
        confirmed_at=models.F("added_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0002_sent_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="submissionteammember",
            options={
                "ordering": ["added_at", "id"],
                "verbose_name": "team member",
                "verbose_name_plural": "team members",
            },
        ),
        migrations.AddField(
            model_name="submissionteammember",
            name="invited_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="invited"),
        ),
        migrations.AddField(
            model_name="submissionteammember",
            name="invitation_nonce",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="submissionteammember",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed"),
        ),
        migrations.AddField(
            model_name="submissionteammember",
            name="declined_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="declined"),
        ),
        migrations.AddField(
            model_name="submissionteammember",
            name="ip_address",
            field=models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
        ),
        migrations.RunPython(confirm_existing_team_members, migrations.RunPython.noop),
        migrations.CreateModel(
            name="FormerMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("owner", "Owner"), ("editor", "Editor"), ("viewer", "Viewer")],
                        max_length=16,
                        verbose_name="role",
                    ),
                ),
                ("joined_at", models.DateTimeField(verbose_name="joined")),
                (
                    "left_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="left"),
                ),
                (
                    "ended_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ended by",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="former_memberships",
                        to="submissions.organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="former_memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "former membership",
                "verbose_name_plural": "former memberships",
                "ordering": ["organisation_id", "-left_at", "-id"],
            },
        ),
    ]
