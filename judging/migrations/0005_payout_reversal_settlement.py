"""Reversed payout money settled again: paid again by bank transfer, or released to the budget.

``amount_resettled + amount_released`` never exceeds ``amount_reversed`` (the database refuses).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0004_sponsor_contributions"),
    ]

    operations = [
        migrations.AddField(
            model_name="payout",
            name="amount_resettled",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="reversed amount paid again"
            ),
        ),
        migrations.AddField(
            model_name="payout",
            name="resettle_reference",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="bank reference of the repayment"
            ),
        ),
        migrations.AddField(
            model_name="payout",
            name="amount_released",
            field=models.PositiveBigIntegerField(
                default=0, verbose_name="reversed amount released to the budget"
            ),
        ),
        migrations.AddField(
            model_name="payout",
            name="release_reason",
            field=models.TextField(blank=True, verbose_name="reason for the release"),
        ),
        migrations.AddConstraint(
            model_name="payout",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    amount_resettled__lte=models.F("amount_reversed") - models.F("amount_released")
                ),
                name="payout_settled_within_reversed",
            ),
        ),
    ]
