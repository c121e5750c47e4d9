"""The kernel client the project runs notebooks with: it never sleeps through a cell's reply.

The stall it fixes (jupyter/nbclient#312, PR #311; jupyter/nbconvert#2029 for ``interact``): after
a widget cell, nbclient's Output-widget stand-in echoes captured output back to the kernel with
``shell_channel.send``. jupyter_client's ``Session.send`` sends through a blocking *shadow* of the
asyncio socket, which skips pyzmq's re-check for incoming messages after a send. The socket's
edge-triggered notification has already fired for the kernel's ``execute_reply`` that arrived in
the same instant, so the event loop is never woken for it: the reply sits in the socket, the kernel
is idle, and the run waits out the whole cell timeout (Voila: the page never finishes loading).

Two guards, both in :class:`PatientChannel`:

1. the cause: :meth:`PatientChannel.send` sends on the asyncio socket itself, so pyzmq schedules
   the re-check for a pending receive after every send;
2. a second guard: :meth:`PatientChannel.get_msg` waits in slices of :data:`POLL_SECONDS`, each
   ending with a level-triggered look at the socket, so any other missed wake-up costs one slice.

Installed for real through the ``client_factory`` trait (``AsyncKernelManager`` redefines that
trait, so setting ``client_class`` on a subclass has no effect)::

    NotebookClient(nb, kernel_manager_class=PatientKernelManager).execute()
    type(PatientKernelManager().client().shell_channel) is PatientChannel   # True

Upstream: the same change to ``Session.send`` was proposed in jupyter/jupyter_client PR #1059
("Fix blocking issue in Voila (nbclient case)"; voila-dashboards/voila#1428 is a page stuck the
same way); its review suggested doing it in ``AsyncZMQSocketChannel``, as here, and noted that an
asyncio send is not awaited: :class:`_AsyncSender` lets pyzmq finish a send that could not go at
once and logs a failure. When jupyter_client sends on the asyncio socket (or nbclient#312 is
closed by a released fix), note the version here and this module can go: pass
``AsyncKernelManager`` again (tests/test_kernel.py's control test then fails, as a reminder).
Still needed with jupyter_client 8.10.0, nbclient 0.11.0 and pyzmq 27.3.0.
"""

from __future__ import annotations

import asyncio
import logging
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

#: Longest wait on the socket before looking again (the second guard).
POLL_SECONDS = 0.25

_log = logging.getLogger(__name__)


class _AsyncSender:
    """What :meth:`PatientChannel.send` hands ``Session.send`` instead of the asyncio socket.

    ``Session.send`` builds, signs and serializes the message as usual and calls
    ``send_multipart`` on this object, which sends on the asyncio socket (not on a blocking
    shadow of it), so pyzmq re-checks for incoming messages after the send.
    """

    def __init__(self, socket):
        self.socket = socket

    def send_multipart(self, parts, **kwargs):
        future = self.socket.send_multipart(parts, **kwargs)
        if future.done():  # the usual case: sent at once (pyzmq tries a non-blocking send first)
            if not future.cancelled() and future.exception() is not None:
                raise future.exception()
        else:  # the socket was busy: pyzmq finishes the send from the event loop
            future.add_done_callback(_report_send_error)
        return future


def _report_send_error(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        _log.error("sending a message to the kernel failed: %r", future.exception())


class PatientChannel(AsyncZMQSocketChannel):
    """An asyncio channel that sends on the asyncio socket and waits for messages in slices.

    ``PatientChannel.late`` counts messages found only by the look at the end of a full slice: an
    upper bound on the wake-ups the second guard caught (a message can also arrive in a slice's
    last instant); ``benchmarks/present_stress.py`` reports it.
    """

    late = 0

    def send(self, msg: dict) -> None:
        """Send ``msg`` on the asyncio socket (``Session.send`` would use a blocking shadow).

        Outside a running event loop (papermill sends its first ``kernel_info`` request from
        synchronous code) the asyncio socket cannot make its future when no loop is current:
        there the message goes on the blocking shadow, as in jupyter_client, and the sliced poll
        of :meth:`get_msg` is the guard for its reply.
        """
        assert self.socket is not None
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no running loop: nothing is waiting on an edge to miss
            super().send(msg)
            return
        self.session.send(_AsyncSender(self.socket), msg)

    async def get_msg(self, timeout: float | None = None) -> dict:  # type: ignore[override]
        """The next message, looking at the socket again every :data:`POLL_SECONDS`; raises
        ``queue.Empty`` after ``timeout`` seconds (``None``: wait for ever)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SECONDS if deadline is None else deadline - time.monotonic()
            wait = min(POLL_SECONDS, left)
            start = time.monotonic()
            if await self.socket.poll(max(0, int(wait * 1000))):
                if wait > 0 and time.monotonic() - start >= wait:
                    PatientChannel.late += 1
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty


class PatientKernelClient(AsyncKernelClient):
    """An asyncio kernel client whose channels are :class:`PatientChannel`."""

    shell_channel_class = Type(PatientChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(PatientChannel)  # type: ignore[assignment]
    stdin_channel_class = Type(PatientChannel)  # type: ignore[assignment]
    control_channel_class = Type(PatientChannel)  # type: ignore[assignment]


class PatientKernelManager(AsyncKernelManager):
    """An asyncio kernel manager whose ``client()`` is a :class:`PatientKernelClient`."""

    client_class = DottedObjectName("crm_lessons._kernel.PatientKernelClient")
    # the trait client() really uses (client_class only feeds it on KernelManager)
    client_factory = Type(PatientKernelClient, klass=AsyncKernelClient, config=True)


def run_notebook(nb, folder, timeout: int = 600, **options):
    """Execute notebook ``nb`` (an ``nbformat`` node, changed in place and returned) in ``folder``
    with the patient client: the project's notebook runner (tests, ``crm-lessons book``,
    ``benchmarks/present_stress.py``). ``timeout`` is per cell, in seconds; ``options`` go to
    ``nbclient.NotebookClient``.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    >>> run_notebook(nb, ".", timeout=60).cells[0].outputs[0]["data"]["text/plain"]
    '42'
    """
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   kernel_manager_class=PatientKernelManager,
                   resources={"metadata": {"path": str(folder)}}, **options).execute()
    return nb
