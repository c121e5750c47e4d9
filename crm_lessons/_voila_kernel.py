"""The kernel manager ``crm-lessons present`` gives Voila: pages run with the patient client.

Voila executes each page with nbclient (``VoilaExecutor``) on the client of the kernel manager
the server started (``km.client()``); with the plain asyncio client a page now and then stalled
with an idle kernel (see :mod:`crm_lessons._kernel`). Set on the Voila command line with
``--MappingKernelManager.kernel_manager_class=crm_lessons._voila_kernel.PatientServerKernelManager``.
"""

from __future__ import annotations

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import DottedObjectName, Type

from ._kernel import PatientKernelClient

#: The line the server logs each time it hands a page's executor a client (tests look for it).
CLIENT_LOG = "crm-lessons kernel client: %s with %s channels"


class PatientServerKernelManager(ServerKernelManager):
    """jupyter_server's kernel manager, handing out :class:`~crm_lessons._kernel.PatientKernelClient`."""

    client_class = DottedObjectName("crm_lessons._kernel.PatientKernelClient")
    # the trait client() really uses (client_class only feeds it on KernelManager)
    client_factory = Type(PatientKernelClient, klass=AsyncKernelClient, config=True)

    def client(self, **kwargs):
        """A client for this kernel; logs its class and its shell channel's class."""
        kc = super().client(**kwargs)
        self.log.info(CLIENT_LOG, type(kc).__name__, type(kc.shell_channel).__name__)
        return kc
