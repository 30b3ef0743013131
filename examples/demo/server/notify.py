"""Sends order notifications through Ziett."""
import os

API_KEY = os.environ.get("ZIETT_API_KEY", "zk_live_UvfJIssDj4PTTKtb2TxxDBfz5LJF")
# A key reviewed and accepted by the team is silenced inline:
LEGACY_KEY = "zk_test_JzQtJZPGSEZ4zBms1racjP4M9DZH"  # zkscan:allow
