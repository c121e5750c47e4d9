"""A kernel client for running notebooks that does not sleep through a reply.

nbclient waits for a cell's ``execute_reply`` with one ``await socket.poll(timeout)`` on an asyncio
ZeroMQ socket, which wakes on an edge-triggered file descriptor. Now and then the wake-up is missed:
the reply sits in the socket, the kernel is idle, and the run waits out the whole cell timeout
(seen in our tests after widget cells; jupyter/nbclient#312 reports the same). :class:`PatientChannel`
polls in slices of :data:`POLL_SECONDS`, and each slice ends with a level-triggered check, so a
missed wake-up costs at most that long.

    NotebookClient(nb, kernel_manager_class=PatientKernelManager).execute()
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

#: Longest wait on the socket before looking again.
POLL_SECONDS = 0.25


class PatientChannel(AsyncZMQSocketChannel):
    """``get_msg`` that looks at the socket again every :data:`POLL_SECONDS` until ``timeout``."""

    async def get_msg(self, timeout: float | None = None) -> dict:  # type: ignore[override]
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SECONDS if deadline is None else deadline - time.monotonic()
            if await self.socket.poll(max(0, int(min(POLL_SECONDS, left) * 1000))):
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
    """An asyncio kernel manager that hands out :class:`PatientKernelClient` clients."""

    client_class = DottedObjectName("crm_lessons._kernel.PatientKernelClient")
