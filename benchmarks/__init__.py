"""netmix benchmarks: netmix against networkx, igraph (and NetworKit when installed) on the
same attributed graphs in the same run. ``python -m benchmarks --help``."""
