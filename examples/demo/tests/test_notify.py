from server import notify

TEST_KEY = "zk_test_3hBGZW3M4Fz6Hq2AK7EGHZbKoXi0"

def test_headers():
    assert notify.API_KEY
