"""Install metaexposure's no-network guard in every Python process started with this folder on
PYTHONPATH and METAEXPOSURE_NO_NETWORK=1 (notebook kernels run by the tests, JupyterLab, helpers).

The guard is loaded by file path so that starting a process does not import metaexposure (and
pandas). Any other sitecustomize this one shadows is run afterwards.
"""

import importlib.util
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "_metaexposure_netguard", os.path.join(os.path.dirname(_here), "_netguard.py"))
if _spec is not None and _spec.loader is not None:
    _guard = importlib.util.module_from_spec(_spec)
    sys.modules[_spec.name] = _guard
    _spec.loader.exec_module(_guard)
    _guard.activate_from_environment()

# Chain to the sitecustomize this file hides, if the interpreter has one.
_saved_path, _saved_module = list(sys.path), sys.modules.pop("sitecustomize", None)
try:
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
    importlib.import_module("sitecustomize")
except ImportError:
    pass
finally:
    sys.path[:] = _saved_path
    if _saved_module is not None:
        sys.modules["sitecustomize"] = _saved_module
