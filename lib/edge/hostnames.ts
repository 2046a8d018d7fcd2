/** The API hostnames are derived once, in the bottom module (charts use the same function). */
export { apiHostnames, type ApiDomain, type ApiHostnames } from '../core/hostnames';
