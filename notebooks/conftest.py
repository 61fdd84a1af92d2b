"""nbval runs the committed notebooks on the bundled sample only, writing into a throw-away folder.

Set at import, before nbval starts a kernel: an export of yours named in METAEXPOSURE_EXPORT is not
opened by the tests, and the review file and charts in your own ``work/`` folder are not touched.
"""

import atexit
import os
import shutil
import tempfile

os.environ.pop("METAEXPOSURE_EXPORT", None)
_WORK = tempfile.mkdtemp(prefix="metaexposure-nbval-")
os.environ["METAEXPOSURE_WORK"] = _WORK
atexit.register(shutil.rmtree, _WORK, True)
