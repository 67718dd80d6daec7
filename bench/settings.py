"""The production settings of the app (every knob from the environment, as in the README), with
one difference: the URLconf adds the benchmark's reference views in front of the app's own."""

from ocop.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
