"""Client-library cases (scikit-learn, SciPy) for tests/test_clients.py, run in a child
interpreter (see there why)."""
