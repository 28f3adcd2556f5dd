"""Tests of the contract tools: the spec change report, the drift checker, the live check."""
