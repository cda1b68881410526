import { patch } from "@web/core/utils/patch";
import { StatusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * A client file's stage moves through the server's gate. When the gate
 * refuses a status-bar move, put the stage back at once, so that the form
 * shows the stage the server kept (and its banners), not the refused one;
 * the refusal is shown as usual. Other unsaved edits stay (the stage alone
 * goes back); with none, the record is back to its saved state.
 */
patch(StatusBarField.prototype, {
    async selectItem(item) {
        const { name, record } = this.props;
        if (record.resModel !== "acr.client" || !record.resId) {
            return super.selectItem(item);
        }
        const previous = record.data[name];
        const hadChanges = record.dirty;
        try {
            await super.selectItem(item);
        } catch (error) {
            if (hadChanges) {
                await record.update({ [name]: previous });
            } else {
                await record.discard();
            }
            throw error;
        }
    },
});
