"""Code shared by a family of rules, in public modules (never inside another rule's file):
URL sites (:mod:`.urls`), libcst edits for ``fix()`` (:mod:`.edits`), configuration-value
parsing for companion rules (:mod:`.config_values`)."""
