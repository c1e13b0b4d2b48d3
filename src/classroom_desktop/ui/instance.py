"""One window per workspace: a second start on an open workspace brings the first window forward.

The window that holds a workspace listens on a local socket (``QLocalServer``: a Unix domain
socket, or a named pipe on Windows) whose name is a hash of the workspace's folder and the user,
so the name carries no student data and two users' windows never meet. A second start that finds
the workspace locked connects (``QLocalSocket``), sends ``show`` and waits for ``ok``; the first
window restores itself if minimised, comes to the front, and answers. If nobody answers (the
workspace is held by a command, or by a program that is not listening), the second start says so
in words instead.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

#: What a second start sends, and what the first window answers once it is in front.
SHOW, OK = b"show\n", b"ok\n"
#: How long a second start waits to connect, and then for the answer (milliseconds).
CONNECT_MS, ANSWER_MS = 1000, 3000


def server_name(folder: Path) -> str:
    """The local socket's name for a workspace folder: a hash of the user and the folder's path."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = ""
    where = str(Path(folder).expanduser().resolve())
    digest = hashlib.sha256(f"{user}\0{where}".encode()).hexdigest()[:24]
    return f"classroom-desktop-{digest}"


def bring_to_front(window: QWidget) -> None:
    """Show ``window`` (restored if minimised), raise it above the others and give it the focus."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def ask_first_window(folder: Path) -> bool:
    """From a second start: ask the window holding ``folder`` to come to the front.

    True when it answered (it is in front now); False when nobody listens (a stale or command's
    hold on the workspace) or it did not answer in time.
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    try:
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(SHOW)
        if not socket.waitForBytesWritten(CONNECT_MS):
            return False
        answer = b""
        while OK not in answer:
            if not socket.waitForReadyRead(ANSWER_MS):
                return False
            answer += bytes(socket.readAll().data())
        return True
    finally:
        socket.abort()


class WindowBeacon(QObject):
    """Listens, for the window holding a workspace, for later starts on the same workspace."""

    #: A second start asked this window to come to the front (after it did).
    shown_again = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._server: QLocalServer | None = None

    @property
    def name(self) -> str:
        return self._server.serverName() if self._server is not None else ""

    def listen(self, folder: Path) -> bool:
        """Listen for ``folder`` (dropping any earlier workspace's name). The caller holds the
        workspace's lock, so a socket file left by a killed window is safely removed first."""
        self.stop()
        name = server_name(folder)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)
        if not server.listen(name):
            log.warning("a second start on %s cannot find this window: %s", folder, server.errorString())
            server.deleteLater()
            return False
        server.newConnection.connect(self._connected)
        self._server = server
        return True

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _connected(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.setParent(self)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > 64:  # not one of ours
                socket.abort()
            return
        line = bytes(socket.readLine().data())
        if line != SHOW:
            socket.abort()
            return
        bring_to_front(self._window)
        socket.write(OK)
        socket.flush()
        socket.disconnectFromServer()
        log.info("another start on this workspace brought this window to the front")
        self.shown_again.emit()
