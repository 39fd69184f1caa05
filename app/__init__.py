"""P-Tuning Studio's desktop shell: PySide6 widgets over the Qt-free ``ptcore`` engine."""
