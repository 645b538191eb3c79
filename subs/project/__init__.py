"""Film project folders: languages added, corrected, tracked and kept in sync (issue 8).

``subs.project.folder`` is the layout, ``state`` the SQLite memory of what subs wrote, ``sync``
the pure edit-detection and update logic, ``actions`` the commands' work, ``validate`` the
checks, ``pack`` what ``subs pack`` takes from a project.
"""
