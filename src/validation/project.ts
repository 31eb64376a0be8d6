import { Violation } from "./errors";

/**
 * Project id rule of Google Cloud: 6-30 characters of lowercase letters, digits and hyphens,
 * starting with a letter and not ending with a hyphen (Resource Manager "Creating and managing
 * projects"). Some old projects carry a domain prefix (`example.com:my-project`), so that form
 * is accepted too.
 */
const PROJECT_ID_PATTERN = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** Checks a Google Cloud project id. */
export function checkProjectId(property: string, project: unknown): Violation | undefined {
  if (typeof project === "string" && PROJECT_ID_PATTERN.test(project)) {
    return undefined;
  }
  return {
    property,
    value: project,
    rule: "a project id must be 6-30 lowercase letters, digits or hyphens, start with a letter and not end with a hyphen.",
    fix: "Use the project id that `gcloud projects list` shows, not the project name or number.",
  };
}
