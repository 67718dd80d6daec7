from django.dispatch import Signal

# Sent inside the loading transaction once every rulebook is written, with `rulebooks`: the
# loaded Rulebook rows. Apps that keep rows derived from a rulebook (the registry's product
# sets) bring them up to date here.
rulebooks_loaded = Signal()
