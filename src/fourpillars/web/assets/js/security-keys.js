// Security keys and passkeys (decision 0028): adding one on "Your account" and using one at
// sign-in, after the password. A module from this site (no inline script: the
// Content-Security-Policy allows scripts from this site only), with SimpleWebAuthn's browser
// library copied from npm by the build. The page's form says what to do
// (data-fp-security-key: "add" or "sign-in") and where the browser's answer goes
// (data-complete). Posting the form asks the server for the options; the browser talks to the
// key; its answer is posted as JSON; the reply sends the page on, or names the problems, shown
// in the GOV.UK error summary. Without this script the form posts as a page, and the server
// says keys need JavaScript.
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
} from "./simplewebauthn/index.js";

const WORDS = {
  add: {
    waiting: "Follow your browser's instructions to add your security key or passkey.",
    checking: "Saving your security key or passkey…",
    cancelled:
      "The security key or passkey was not added: you cancelled, or it took too long. Try again",
    unknown: "Your browser could not add the security key or passkey: try again",
  },
  "sign-in": {
    waiting: "Follow your browser's instructions to use your security key or passkey.",
    checking: "Checking your security key or passkey…",
    cancelled:
      "The security key or passkey was not used: you cancelled, or it took too long. " +
      "Try again, or enter a security code",
    unknown:
      "Your browser could not use the security key or passkey: try again, or enter a " +
      "security code",
  },
};
const ALREADY_ADDED = "This security key or passkey is already added to your account";
const REFUSED_HERE =
  "Your browser refused to use security keys or passkeys at this address: open Four Pillars " +
  "at its own address and try again";
const UNREACHABLE = "Four Pillars could not be reached: check your connection and try again";

const form = document.querySelector("form[data-fp-security-key]");
if (form) setUp(form);

function setUp(form) {
  const button = form.querySelector("button[type=submit]");
  if (!browserSupportsWebAuthn()) {
    form.querySelector("[data-fp-key-unsupported]").hidden = false;
    button.remove(); // GOV.UK's button style would show it despite "hidden"
    return;
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    button.disabled = true;
    try {
      await run(form, button, WORDS[form.dataset.fpSecurityKey]);
    } finally {
      button.disabled = false;
      status("");
    }
  });
}

async function run(form, button, words) {
  const here = "#" + button.id;
  const begun = await post(form, form.action, new FormData(form), here);
  if (!begun) return;
  status(words.waiting);
  let answer;
  try {
    answer =
      form.dataset.fpSecurityKey === "add"
        ? await startRegistration({ optionsJSON: begun.options })
        : await startAuthentication({ optionsJSON: begun.options });
  } catch (error) {
    showErrors([{ href: here, message: browserProblem(error, words) }]);
    return;
  }
  status(words.checking);
  const done = await post(form, form.dataset.complete, JSON.stringify(answer), here);
  if (done) window.location.assign(done.redirect);
}

// What went wrong in the browser, in plain words (the names are the WebAuthn standard's).
function browserProblem(error, words) {
  switch (error && error.name) {
    case "NotAllowedError":
    case "AbortError":
      return words.cancelled;
    case "InvalidStateError":
      return ALREADY_ADDED;
    case "SecurityError":
      return REFUSED_HERE;
    default:
      return words.unknown;
  }
}

// POST to the server, asking for JSON; the reply's data, or null once its problems are shown
// (or the page is sent to sign in again).
async function post(form, url, body, here) {
  const headers = {
    Accept: "application/json",
    "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value,
  };
  if (typeof body === "string") headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, { method: "POST", body, headers, credentials: "same-origin" });
  } catch {
    showErrors([{ href: here, message: UNREACHABLE }]);
    return null;
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  if (response.ok) return data;
  if (data.redirect) {
    window.location.assign(data.redirect);
    return null;
  }
  const errors = data.errors && data.errors.length ? data.errors : [];
  showErrors(errors.length ? errors : [{ href: here, message: data.detail || words(form).unknown }]);
  return null;
}

function words(form) {
  return WORDS[form.dataset.fpSecurityKey];
}

function status(text) {
  const region = document.querySelector("[data-fp-key-status]");
  if (region) region.textContent = text;
}

// The GOV.UK error summary (always in the page, hidden while empty), and each field's own
// message above it, as the server draws them.
function showErrors(errors) {
  const summary = document.querySelector("[data-fp-key-errors]");
  const list = summary.querySelector("ul");
  list.replaceChildren();
  for (const error of errors) {
    const link = document.createElement("a");
    link.href = error.href;
    link.textContent = error.message;
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
    if (error.field === "name") fieldError(document.getElementById("id_name"), error.message);
  }
  summary.hidden = false;
  if (!document.title.startsWith("Error: ")) document.title = "Error: " + document.title;
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}

function fieldError(input, message) {
  if (!input) return;
  const group = input.closest(".govuk-form-group");
  group.classList.add("govuk-form-group--error");
  input.classList.add("govuk-input--error");
  const text = document.createElement("p");
  text.className = "govuk-error-message";
  text.id = input.id + "-error";
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = "Error:";
  text.append(hidden, " " + message);
  input.before(text);
  const described = (input.getAttribute("aria-describedby") || "").split(" ");
  if (!described.includes(text.id)) described.push(text.id);
  input.setAttribute("aria-describedby", described.join(" ").trim());
}

function clearErrors(form) {
  const summary = document.querySelector("[data-fp-key-errors]");
  summary.hidden = true;
  summary.querySelector("ul").replaceChildren();
  for (const old of form.querySelectorAll(".govuk-error-message")) old.remove();
  for (const group of document.querySelectorAll(".govuk-form-group--error")) {
    group.classList.remove("govuk-form-group--error");
  }
  for (const input of document.querySelectorAll(".govuk-input--error")) {
    input.classList.remove("govuk-input--error");
  }
  document.title = document.title.replace(/^Error: /, "");
}
