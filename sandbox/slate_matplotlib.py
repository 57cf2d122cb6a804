"""matplotlib backend of the sandbox (MPLBACKEND=module://slate_matplotlib): no display, every figure
shown with plt.show() (or saved with savefig) appears in the output as a PNG (slate_pictures)."""

import io

import matplotlib.figure
from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase, _Backend
from matplotlib.backends.backend_agg import FigureCanvasAgg

import slate_pictures

DPI = 96


_savefig = matplotlib.figure.Figure.savefig


def emit_figure(figure):
    buffer = io.BytesIO()
    _savefig(figure, buffer, format="png", dpi=DPI)
    slate_pictures.emit_png(buffer.getvalue())


def savefig(self, fname, *args, **kwargs):
    """Saving a figure to a file also shows it (a saved plot is the one the student wants to see)."""
    result = _savefig(self, fname, *args, **kwargs)
    if isinstance(fname, str) or hasattr(fname, "__fspath__"):
        emit_figure(self)
    return result


matplotlib.figure.Figure.savefig = savefig


@_Backend.export
class _BackendSlate(_Backend):
    FigureCanvas = FigureCanvasAgg
    FigureManager = FigureManagerBase

    @staticmethod
    def show(*args, **kwargs):
        for manager in Gcf.get_all_fig_managers():
            emit_figure(manager.canvas.figure)
        Gcf.destroy_all()
