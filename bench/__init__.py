"""Load benchmark of public certificate verification (see README.md). Not part of the app."""
