"""The classroom (issue 23): trainees each play a village head in their own browser while the county's model runs.

`Session` holds the model and the seats; the trainees' heads are one more rule component (`trainees.TraineeEffort`,
through the model's `chosen_effort` hook); `server` serves the trainer's and the trainees' pages (tornado, long
polling, every file served from here); `debrief` makes the debrief and the exports.
"""

from .running import Background, serve
from .server import Classroom, is_loopback
from .session import Session

__all__ = ["Background", "Classroom", "Session", "is_loopback", "serve"]
