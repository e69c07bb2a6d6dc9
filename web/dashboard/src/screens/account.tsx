import { useState, type FormEvent } from "react";
import { useMutation } from "react-relay/hooks";
import type { appLoginMutation } from "../__generated__/appLoginMutation.graphql";
import type { appLogoutMutation } from "../__generated__/appLogoutMutation.graphql";
import type { appChangePasswordMutation } from "../__generated__/appChangePasswordMutation.graphql";
import { AppChangePassword, AppLogin, AppLogout } from "../operations/app";
import { useSession } from "../session";
import { Field, FieldError, problemOf, type Problem } from "../ui";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [login, busy] = useMutation<appLoginMutation>(AppLogin);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login({
      variables: { email, password },
      onCompleted: (data) => {
        const p = problemOf(data.login);
        if (p) setProblem(p);
        else onSignedIn();
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  return (
    <main id="main" className="signin">
      <h1>Sign in to Vouch</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <FieldError problem={problem} />
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} problem={problem} required autoComplete="username" />
        <Field label="Password" name="password" type="password" value={password} onChange={setPassword} problem={problem} required autoComplete="current-password" />
        <button type="submit" className="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

export function Account({ user }: { user: { readonly name: string; readonly role: string } }) {
  const { signedOut } = useSession();
  const [logout] = useMutation<appLogoutMutation>(AppLogout);
  return (
    <div className="account">
      <span>
        {user.name} <small>({user.role.toLowerCase()})</small>
      </span>
      <a href="#/settings">Account</a>
      <button type="button" onClick={() => logout({ variables: {}, onCompleted: signedOut, onError: signedOut })}>
        Sign out
      </button>
    </div>
  );
}

export function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [change, busy] = useMutation<appChangePasswordMutation>(AppChangePassword);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    change({
      variables: { current, next },
      onCompleted: (data) => {
        const p = problemOf(data.changePassword);
        setProblem(p);
        if (!p && data.changePassword.__typename === "SessionsEnded") {
          setDone(`Password changed; ${data.changePassword.count} other session(s) ended.`);
          setCurrent("");
          setNext("");
        }
      },
      onError: (err) => setProblem({ code: "NETWORK", message: err.message }),
    });
  };
  // The server names the arguments currentPassword / newPassword.
  const mapped = problem && { ...problem, field: problem.field === "currentPassword" ? "current" : problem.field === "newPassword" || problem.field === "password" ? "next" : problem.field };
  return (
    <form onSubmit={submit} aria-labelledby="pw-title" className="card">
      <h2 id="pw-title">Change password</h2>
      <FieldError problem={mapped} />
      <Field label="Current password" name="current" type="password" value={current} onChange={setCurrent} problem={mapped} required autoComplete="current-password" />
      <Field label="New password" name="next" type="password" value={next} onChange={setNext} problem={mapped} required autoComplete="new-password" />
      <button type="submit" disabled={busy}>
        Change password
      </button>
      {done ? <p role="status">{done}</p> : null}
    </form>
  );
}
