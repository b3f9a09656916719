package io.releasecontrol.deploy.checklist;

/**
 * One item of an environment's checklist.
 *
 * @param id    unique within the environment's checklist (pre and post together): the confirm path names it
 * @param check the automatic check; null for a manual item a person confirms
 */
public record ChecklistItem(String id, String title, AutoCheck check) {

    public boolean automatic() {
        return check != null;
    }
}
