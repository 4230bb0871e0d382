# JupyterHub for the evaluation: NativeAuthenticator (sign-up, admin approval, passwords), the stock
# token page and OAuth confirmation pages for two external services. Nothing is ever spawned.
import os

import nativeauthenticator

state = os.environ["EVAL_APP_STATE"]
c = get_config()  # noqa: F821  (provided by JupyterHub)

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("EVAL_JHUB_PORT", "47103"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("EVAL_JHUB_HUB_PORT", "47113"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('EVAL_JHUB_API_PORT', '47123')}"
c.ConfigurableHTTPProxy.command = [os.environ["EVAL_CHP"]]
c.ConfigurableHTTPProxy.auth_token = open(os.path.join(state, "proxy_token")).read().strip()
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = os.path.join(state, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.default_url = "/hub/home"
c.JupyterHub.cleanup_servers = True

c.JupyterHub.authenticator_class = "native"
c.JupyterHub.template_paths = [os.path.join(os.path.dirname(nativeauthenticator.__file__), "templates")]
c.Authenticator.admin_users = {"hubadmin"}
c.Authenticator.allow_all = True
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10

c.JupyterHub.services = [
    {
        # Identifies the user only (the default scope of an OAuth client).
        "name": "course-grader",
        "display": True,
        "oauth_client_id": "service-course-grader",
        "oauth_redirect_uri": "https://grader.datalab-research.org/oauth_callback",
        "api_token": open(os.path.join(state, "grader_token")).read().strip(),
        "oauth_no_confirm": False,
    },
    {
        # Asks to use and control the user's notebook servers (their code and files).
        "name": "notebook-sync",
        "display": True,
        "oauth_client_id": "service-notebook-sync",
        "oauth_redirect_uri": "https://sync.datalab-research.org/oauth_callback",
        "api_token": open(os.path.join(state, "sync_token")).read().strip(),
        "oauth_no_confirm": False,
        "oauth_client_allowed_scopes": ["access:servers!user", "servers!user", "read:users:activity!user"],
    },
]
