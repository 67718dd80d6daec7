from django.core.management.base import BaseCommand, CommandError

from ocop.geo.loader import EXTRA_FILE, UnitDataError, load_units


class Command(BaseCommand):
    help = (
        "Load the official administrative units of both eras and the 2025 conversion table "
        "(idempotent), then the extra units and manual conversions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="GSO units file (default: the bundled vn-admin-units.json)"
        )
        parser.add_argument(
            "--extra", default=str(EXTRA_FILE), help="extra units file ('' to skip)"
        )

    def handle(self, *args, path=None, extra=None, **options):
        try:
            result = load_units(path, extra_path=extra or None)
        except UnitDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            counts = ", ".join(
                f"{era}/{level}: {number}"
                for (era, level), number in sorted(result.unit_counts.items())
            )
            self.stdout.write(
                f"Units: {counts}. Created {result.units_created}, updated "
                f"{result.units_updated}; conversions created {result.conversions_created}, "
                f"updated {result.conversions_updated}."
            )
            if result.unmapped:
                self.stdout.write(
                    f"{len(result.unmapped)} legacy communes have no 2025 conversion: "
                    + ", ".join(map(str, result.unmapped))
                )
