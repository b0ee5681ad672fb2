package v1

import (
	"net/http"

	"github.com/stagecast/stagecast/app/accounts"
	"github.com/stagecast/stagecast/ports/http/bind"
	"github.com/stagecast/stagecast/ports/http/mid"
	"github.com/stagecast/stagecast/ports/http/web"
)

// parse reads the body (or, for GET, the query) against s. On failure it
// answers and returns false.
func (h *handler) parse(w http.ResponseWriter, r *http.Request, s *bind.Schema) (bind.Values, bool) {
	var in bind.Input
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		in = bind.Query(r)
	} else {
		var err error
		if in, err = bind.Body(w, r); err != nil {
			web.Error(w, r, h.log, err)
			return nil, false
		}
	}
	v, err := s.Parse(in)
	if err != nil {
		web.Error(w, r, h.log, err)
		return nil, false
	}
	return v, true
}

// allowSignup counts a request that passed validation against the sign-up
// limit of its route, per client address; over the limit it answers 429
// and returns false.
func (h *handler) allowSignup(w http.ResponseWriter, r *http.Request, route string) bool {
	return h.signup.Allow(w, r, route+"|"+mid.ClientIP(r.Context()))
}

func (h *handler) checkUsername(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.checkUsername)
	if !ok {
		return
	}
	available, err := h.accounts.UsernameAvailable(r.Context(), in.Str("username"))
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	msg := "Username is available"
	if !available {
		msg = "Username is already taken"
	}
	web.Respond(w, http.StatusOK, msg, map[string]bool{"available": available})
}

func (h *handler) register(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.register)
	if !ok || !h.allowSignup(w, r, "register") {
		return
	}
	err := h.accounts.Register(r.Context(), accounts.RegisterInput{
		Name: in.Str("name"), Email: in.Str("email"), Username: in.Str("username"), Password: in.Str("password"),
	})
	if err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusCreated, "User registered. Please verify your email", nil)
}

func (h *handler) verifyAccount(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.verify)
	if !ok {
		return
	}
	if err := h.accounts.VerifyAccount(r.Context(), in.Str("email"), in.Str("code")); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Email verified successfully", nil)
}

func (h *handler) resendVerification(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.emailOnly)
	if !ok || !h.allowSignup(w, r, "resend") {
		return
	}
	if err := h.accounts.ResendVerification(r.Context(), in.Str("email")); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "Verification code sent to your email", nil)
}

func (h *handler) forgotPassword(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.emailOnly)
	if !ok || !h.allowSignup(w, r, "forgot") {
		return
	}
	if err := h.accounts.ForgotPassword(r.Context(), in.Str("email")); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	web.Respond(w, http.StatusOK, "If that email is registered, a reset code has been sent", nil)
}

func (h *handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.reset)
	if !ok {
		return
	}
	if err := h.accounts.ResetPassword(r.Context(), in.Str("email"), in.Str("code"), in.Str("newPassword")); err != nil {
		web.Error(w, r, h.log, err)
		return
	}
	h.cookies.clear(w, accessCookie, refreshCookie)
	web.Respond(w, http.StatusOK, "Password reset successful. Please login again", nil)
}
