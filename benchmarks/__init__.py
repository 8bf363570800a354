"""Speed and memory benchmarks (`make bench`). Targets live here, never in the tests."""
