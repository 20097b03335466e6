"""Who may do what on every URL: one module per deals/urls module.

Each module defines MATRIX: {url name: Entry}. An Entry gives sample kwargs to
reverse the URL, and the status each role gets for GET and POST:
anonymous users are redirected to login (302) on every protected URL; analysts
read (200) but get 403 on any write; editors may write. Use None where a
method is not served (405 expected) and "skip" only for URLs whose sample
needs data a generic walk cannot make (say why in `why`).
"""

from .browse import MATRIX as BROWSE
from .edit import MATRIX as EDIT
from .entries import Entry
from .merge import MATRIX as MERGE
from .review import MATRIX as REVIEW
from .watch import MATRIX as WATCH

MATRIX: dict[str, Entry] = {**BROWSE, **EDIT, **MERGE, **REVIEW, **WATCH}
