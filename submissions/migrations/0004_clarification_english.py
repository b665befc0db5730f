"""Published clarification questions and answers get optional English texts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_team_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="clarificationquestion",
            name="answer_en",
            field=models.TextField(blank=True, verbose_name="answer (English)"),
        ),
        migrations.AddField(
            model_name="clarificationquestion",
            name="question_en",
            field=models.TextField(blank=True, max_length=2000, verbose_name="question (English)"),
        ),
    ]
