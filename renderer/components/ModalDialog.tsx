import type { ReactNode } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/**
 * A centred modal on React Aria's ModalOverlay: it traps focus, closes on Escape, hides the page
 * behind from screen readers and returns focus to the opener; the dialog is named by its heading.
 * A click beside it does not close it, so a half-filled form is not lost by a stray click.
 */
export function ModalDialog({
  title,
  onClose,
  children,
  role = 'dialog',
  describedBy,
  isOpen = true,
  busy = false,
  className,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** `alertdialog` for a question that interrupts (a confirmation). */
  role?: 'dialog' | 'alertdialog';
  /** The id of the text that explains the question, for an `alertdialog`. */
  describedBy?: string;
  /** For a dialog that keeps its state while closed (the caller stays mounted): shown when true. */
  isOpen?: boolean;
  /** Work in flight: the dialog says so (`aria-busy`) and its Close button is marked unavailable. */
  busy?: boolean;
  /** Added to the modal's box, e.g. for a wider dialog. */
  className?: string;
}) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={(open) => !open && onClose()} className="modal-backdrop">
      <Modal className={className ? `modal ${className}` : 'modal'}>
        <Dialog className="modal-dialog" role={role} aria-describedby={describedBy} aria-busy={busy || undefined}>
          <div className="dialog-head">
            <Heading slot="title" level={2}>
              {title}
            </Heading>
            {role === 'dialog' && (
              // The first stop, as the browser's <dialog> had it: React Aria reads autoFocus on open.
              <button
                type="button"
                className="button button-secondary"
                onClick={onClose}
                aria-disabled={busy || undefined}
                // eslint-disable-next-line jsx-a11y/no-autofocus -- React Aria picks the first focus in the dialog from it
                autoFocus
              >
                Close
              </button>
            )}
          </div>
          {children}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
