"""The deterministic demo province: Đà Nẵng city with the history of the former Quảng Nam.

`builder.build_demo()` (the `load_demo` command) creates about 380 producers, 480 products and the
demo accounts through the registry's domain actions, so the audit trail looks like real use. The
same seed gives the same data on every run, and a second run creates nothing.
"""
