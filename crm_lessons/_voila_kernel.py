"""The kernel manager ``crm-lessons present`` gives Voila: pages run with the patient client.

Voila executes each page with nbclient; with the plain asyncio client a page now and then stalled
with an idle kernel (see :mod:`crm_lessons._kernel`). Set on the Voila command line with
``--MappingKernelManager.kernel_manager_class=crm_lessons._voila_kernel.PatientServerKernelManager``.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import DottedObjectName


class PatientServerKernelManager(ServerKernelManager):
    """jupyter_server's kernel manager, handing out :class:`~crm_lessons._kernel.PatientKernelClient`."""

    client_class = DottedObjectName("crm_lessons._kernel.PatientKernelClient")
