from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_text_length_limits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                models.OrderBy(models.F("referred_on"), descending=True),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="case_list_order_idx",
            ),
        ),
    ]
