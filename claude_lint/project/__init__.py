"""Project-wide reach: what the modules of one repository tell each other about Claude.

Sits between the analysis (one file) and the runner: :class:`ProjectIndex` summarises the
repository's modules on demand (:mod:`.summary`, cached by content hash), resolves imports
inside the repository from import lines alone (:mod:`.modules`) and hands each analysed file
a :class:`FileLink`, the :class:`claude_lint.analysis.remote.Remote` hook its
:class:`~claude_lint.analysis.Facts` asks about imported names.  See README, "Engines and
architecture".
"""

from .index import FileLink, ProjectIndex, mentions_claude
from .modules import ImportLine, Modules, import_lines

__all__ = ["FileLink", "ImportLine", "Modules", "ProjectIndex", "import_lines", "mentions_claude"]
