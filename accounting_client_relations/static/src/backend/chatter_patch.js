import { Chatter } from "@mail/chatter/web_portal/chatter";
import { patch } from "@web/core/utils/patch";

/**
 * A client file's checklist progress is computed from its activities: when
 * an activity is marked done (or edited, or cancelled) in the chatter, load
 * the form again so that the progress shows the change without a reload.
 */
patch(Chatter.prototype, {
    onActivityChanged(thread) {
        super.onActivityChanged(thread);
        if (thread?.model === "acr.client" && this.props.webRecord) {
            this.reloadParentView();
        }
    },
});
