package benchkit

import (
	"context"
	"fmt"
	"os"
)

// Workspace is what a bench needs before it starts a server: a temporary
// directory, the server binary and the media to upload.
type Workspace struct {
	// Tmp is removed by Close.
	Tmp string
	// Bin is the server binary: the one given, or ./cmd/stagecast built
	// into Tmp.
	Bin   string
	Media Media
}

// NewWorkspace makes a temporary directory named after the bench, builds
// the server unless bin names one, and loads the media of the module.
func NewWorkspace(ctx context.Context, bench, bin string) (*Workspace, error) {
	root, err := ModuleRoot()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", bench+"-")
	if err != nil {
		return nil, err
	}
	w := &Workspace{Tmp: tmp, Bin: bin}
	if w.Bin == "" {
		fmt.Println("building ./cmd/stagecast ...")
		if w.Bin, err = BuildServer(ctx, root, tmp); err != nil {
			w.Close()
			return nil, err
		}
	}
	if w.Media, err = LoadMedia(root); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// Close removes the temporary directory.
func (w *Workspace) Close() { _ = os.RemoveAll(w.Tmp) }
