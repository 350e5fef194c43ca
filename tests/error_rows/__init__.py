"""The rows of the error-promise fuzzer (tests/test_error_fuzz.py), by kind."""
