"""Stripe Connect onboarding state, payout retries and reversals, and the Finance group.

The Finance group is what ``judging.rules.is_finance`` checks (by name): its staff members may
send Stripe payouts and record bank transfers. The model permissions below let them see the
award, ledger, payee and payout records in the Wagtail admin.
"""

from django.db import migrations, models

FINANCE_GROUP = "Finance"
FINANCE_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("judging", "award", "view_award"),
    ("judging", "budgetledger", "view_budgetledger"),
    ("judging", "payeeaccount", "view_payeeaccount"),
    ("judging", "payout", "view_payout"),
    ("judging", "payout", "add_payout"),
    ("judging", "payout", "change_payout"),
]


def create_finance_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations (post_migrate); make sure
    # judging's exist now so the group can be given them on a fresh database.
    app_config = apps.get_app_config("judging")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=FINANCE_GROUP)
    for app_label, model, codename in FINANCE_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_finance_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=FINANCE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0002_stripeevent_allocationrun_allocationdecision_appeal_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="payeeaccount",
            name="details_submitted",
            field=models.BooleanField(default=False, verbose_name="onboarding details submitted"),
        ),
        migrations.AddField(
            model_name="payeeaccount",
            name="payouts_enabled",
            field=models.BooleanField(default=False, verbose_name="payouts enabled"),
        ),
        migrations.AddField(
            model_name="payeeaccount",
            name="onboarding_started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="onboarding started"),
        ),
        migrations.AddField(
            model_name="payeeaccount",
            name="checked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last read from Stripe"),
        ),
        migrations.AddField(
            model_name="payout",
            name="attempts",
            field=models.PositiveIntegerField(default=0, verbose_name="payment requests"),
        ),
        migrations.AddField(
            model_name="payout",
            name="attempt_scope",
            field=models.CharField(
                default="transfer",
                help_text=(
                    "Changes only after Stripe declined a transfer, so a retry cannot pay twice."
                ),
                max_length=40,
                verbose_name="Stripe idempotency scope",
            ),
        ),
        migrations.AddField(
            model_name="payout",
            name="amount_reversed",
            field=models.PositiveBigIntegerField(default=0, verbose_name="reversed amount"),
        ),
        migrations.AddConstraint(
            model_name="payout",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_reversed__lte", models.F("amount"))),
                name="payout_reversal_within_amount",
            ),
        ),
        migrations.RunPython(create_finance_group, remove_finance_group),
    ]
