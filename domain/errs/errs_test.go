package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestSentinelsSurviveWrapping(t *testing.T) {
	sentinel := New(NotFound, "User not found")
	other := New(NotFound, "User not found")
	wrapped := fmt.Errorf("repo: %w", sentinel.WithCause(errors.New("no rows")))
	if !errors.Is(wrapped, sentinel) {
		t.Fatal("WithCause copy must match its sentinel")
	}
	if errors.Is(wrapped, other) {
		t.Fatal("a different sentinel with the same text must not match")
	}
	if KindOf(wrapped) != NotFound || PublicMessage(wrapped) != "User not found" {
		t.Fatalf("kind %v message %q", KindOf(wrapped), PublicMessage(wrapped))
	}
}

func TestInternalErrorsStayPrivate(t *testing.T) {
	err := Wrap(errors.New("pq: password authentication failed"), "load user")
	if KindOf(err) != Internal || PublicMessage(err) != "Internal server error" {
		t.Fatalf("got %v %q", KindOf(err), PublicMessage(err))
	}
	if PublicMessage(errors.New("boom")) != "Internal server error" {
		t.Fatal("foreign errors must not leak")
	}
	if Wrap(nil, "x") != nil {
		t.Fatal("Wrap(nil) must be nil")
	}
}

func TestInvalidFieldsJoinsMessages(t *testing.T) {
	err := InvalidFields(FieldError{"a", "A is bad"}, FieldError{"b", "B is bad"})
	if err.Message != "A is bad, B is bad" || len(FieldsOf(err)) != 2 || KindOf(err) != Invalid {
		t.Fatalf("%+v", err)
	}
}

func TestCodeOf(t *testing.T) {
	taken := Define(Conflict, "user.email_taken", "Email already exists").ForField("email")
	wrapped := fmt.Errorf("store: %w", taken.WithCause(errors.New("duplicate key")))
	for _, tc := range []struct {
		err  error
		want string
	}{
		{taken, "user.email_taken"},
		{wrapped, "user.email_taken"},
		{New(TooLarge, "too big"), "too_large"},
		{InvalidFields(FieldError{Field: "title", Message: "Title is required"}), "invalid"},
		{errors.New("foreign"), "internal"},
	} {
		if got := CodeOf(tc.err); got != tc.want {
			t.Errorf("CodeOf(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
	var e *Error
	if !errors.As(wrapped, &e) || e.Field != "email" || e.Message != "Email already exists" || !errors.Is(wrapped, taken) {
		t.Fatalf("a sentinel with a cause lost its field, message or identity: %+v", e)
	}
}

func TestWithMessageKeepsTheSentinel(t *testing.T) {
	tooLarge := Define(TooLarge, "uploads.too_large", "The file exceeds its size limit").ForField("video")
	err := fmt.Errorf("upload: %w", tooLarge.WithMessage("Video file exceeds 100MB size limit"))
	var e *Error
	if !errors.Is(err, tooLarge) || !errors.As(err, &e) {
		t.Fatalf("%v does not match its sentinel", err)
	}
	if e.Message != "Video file exceeds 100MB size limit" || e.Code != "uploads.too_large" || e.Field != "video" || e.Kind != TooLarge {
		t.Fatalf("derived error %+v", e)
	}
	if tooLarge.Message != "The file exceeds its size limit" {
		t.Fatal("WithMessage changed the sentinel")
	}
}
