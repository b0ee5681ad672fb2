package v1

import (
	"net/http"

	"github.com/stagecast/stagecast/ports/http/web"
)

// requestEmailChange mails a code to the new address; the address changes
// only at confirmEmailChange, so that a stolen session cannot move the
// account to an address its owner does not read. It mails whatever address
// it is given, so it counts against the sign-up limit like the other
// routes that send codes. The account's own address answers as the
// reference does, with the account, and sends nothing.
func (h *handler) requestEmailChange(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.emailOnly)
	if !ok || !h.allowSignup(w, r, "email-change") {
		return
	}
	res, err := h.accounts.RequestEmailChange(r.Context(), callerOf(r.Context()).principal, in.Str("email"))
	switch {
	case err != nil:
		web.Error(w, r, h.log, err)
	case !res.Sent:
		web.Respond(w, http.StatusOK, "Email updated successfully", toPublicUser(res.User))
	default:
		web.Respond(w, http.StatusOK, "Verification code sent to the new email", nil)
	}
}

func (h *handler) confirmEmailChange(w http.ResponseWriter, r *http.Request) {
	in, ok := h.parse(w, r, h.schemas.people.emailCode)
	if !ok {
		return
	}
	u, err := h.accounts.ConfirmEmailChange(r.Context(), callerOf(r.Context()).principal, in.Str("code"))
	h.respondUser(w, r, "Email updated successfully", u, err)
}
