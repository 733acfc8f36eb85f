"""One bot process per database: an OS lock on `<db>.lock`, released by the kernel on death."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class AlreadyRunning(Exception):
    """Another process holds the instance lock."""

    def __init__(self, lock_path: Path) -> None:
        super().__init__(f"lock held: {lock_path}")
        self.lock_path = lock_path


def lock_path_for(database_path: Path) -> Path:
    """Return the lock file that guards a database file."""
    return database_path.with_name(database_path.name + ".lock")


class InstanceLock:
    """An exclusive, non-blocking flock held for the life of the bot process."""

    def __init__(self, database_path: Path) -> None:
        self.path = lock_path_for(database_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AlreadyRunning(self.path) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the kernel also drops it when the process dies)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_locked(database_path: Path) -> bool:
    """Tell whether a running bot holds the database (for read-only commands)."""
    path = lock_path_for(database_path)
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
