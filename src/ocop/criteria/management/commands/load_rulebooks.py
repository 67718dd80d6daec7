from django.core.management.base import BaseCommand, CommandError

from ocop.criteria.loader import DATA_DIR, RulebookDataError, load_rulebooks


class Command(BaseCommand):
    help = (
        "Load the rulebooks (versions of the law) and their score sheets from the data folder, "
        "validating every file first (idempotent, all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "data_dir", nargs="?", default=str(DATA_DIR), help="folder of rulebook folders"
        )

    def handle(self, *args, data_dir=None, **options):
        try:
            result = load_rulebooks(data_dir)
        except RulebookDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            counts = ", ".join(f"{slug}: {n}" for slug, n in result.sheet_counts.items())
            self.stdout.write(
                f"Rulebooks created {result.rulebooks_created}, updated "
                f"{result.rulebooks_updated}; sheets created {result.sheets_created}, updated "
                f"{result.sheets_updated} ({counts})."
            )
