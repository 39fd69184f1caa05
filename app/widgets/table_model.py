"""A table model that answers all the roles of a cell in one call.

Qt's item delegate asks seven roles of each cell it paints or measures (font, alignment,
colour, check state, icon, text, background). Each is a call from C++ into Python, which
takes the GIL, and while a model trains the training thread holds it: a repaint of a
table then waited on the trainer hundreds of times. ``multiData`` answers them together.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
)


class BatchedRolesTableModel(QAbstractTableModel):
    def multiData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        roles: QModelRoleDataSpan | QModelRoleData,
    ) -> None:
        if isinstance(roles, QModelRoleData):
            roles.setData(self.data(index, roles.role()))
            return
        for role_data in roles:  # type: ignore[attr-defined]  # the stubs lack the span's __iter__
            role_data.setData(self.data(index, role_data.role()))
