"""The floor of a write: load the hot file with orjson, add a task, write it back atomically.

    python bench/floor_add.py DATA_FILE TITLE

The reference row of ``bench/run.py``: what any Python program pays to change the hot file
safely (no validation, no lock, no backup, no journal), to set ``opstui add`` beside.
"""

import os
import sys
import tempfile
import uuid

import orjson

path, title = sys.argv[1], sys.argv[2]
with open(path, "rb") as handle:
    data = orjson.loads(handle.read())
new_id = uuid.uuid4().hex
data.setdefault("tasks", {})[new_id] = {"id": new_id, "title": title, "status": "todo"}
fd, temp = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".floor-")
with os.fdopen(fd, "wb") as out:
    out.write(orjson.dumps(data))
    out.flush()
    os.fsync(out.fileno())
os.replace(temp, path)
print(new_id[:8])
