import pytest


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    """Every audit test gets its own checkpoint file, never the checkout's var/ one."""
    path = tmp_path / "audit-checkpoints.log"
    settings.AUDIT_CHECKPOINT_FILE = path
    return path
