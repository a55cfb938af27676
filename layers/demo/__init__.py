"""The demo data set of 五里店街道: a seeded generator of synthetic layers, and demo accounts."""
