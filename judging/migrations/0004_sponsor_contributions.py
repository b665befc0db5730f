import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0003_connect_payouts"),
        ("submissions", "0002_sent_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SponsorContribution",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("prize_title", models.CharField(max_length=200, verbose_name="prize title")),
                ("amount", models.PositiveBigIntegerField(verbose_name="amount (VND)")),
                (
                    "sponsor_name",
                    models.CharField(
                        blank=True,
                        help_text="Shown on the results page; the organisation's name when empty.",
                        max_length=200,
                        verbose_name="public sponsor name",
                    ),
                ),
                (
                    "message",
                    models.TextField(blank=True, max_length=500, verbose_name="public message"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for Stripe"),
                            ("completed", "Paid"),
                            ("expired", "Expired"),
                            ("failed", "Failed"),
                        ],
                        default="pending",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                (
                    "checkout_session_id",
                    models.CharField(
                        blank=True,
                        max_length=255,
                        null=True,
                        unique=True,
                        verbose_name="Stripe Checkout session",
                    ),
                ),
                (
                    "payment_intent_id",
                    models.CharField(blank=True, max_length=255, verbose_name="Stripe payment"),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="started"),
                ),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="paid")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sponsor_contributions",
                        to="submissions.organisation",
                        verbose_name="sponsor",
                    ),
                ),
                (
                    "policy",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sponsor_contributions",
                        to="judging.awardpolicy",
                        verbose_name="award policy",
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
            ],
            options={
                "verbose_name": "sponsor contribution",
                "verbose_name_plural": "sponsor contributions",
                "ordering": ["-created_at", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(amount__gte=1000000), name="sponsor_amount_minimum"
                    )
                ],
            },
        ),
    ]
