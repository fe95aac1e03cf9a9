import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
} from '@backstage/ui';
import { useTheme } from '@material-ui/core/styles';
import { ReactNode, useEffect, useState } from 'react';
import { DescribedError, describeError } from '../../errors';
import readable from '../../readableText.module.css';

export interface ConfirmActionDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Set while the form is incomplete. */
  confirmDisabled?: boolean;
  /** Danger actions (stop, reject, roll back, disable) get a destructive confirm button. */
  destructive?: boolean;
  /**
   * Runs the action; the dialog closes on success, and on failure stays open
   * and shows why, above the form.
   */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** The confirmation every pipeline action goes through. */
export function ConfirmActionDialog(props: ConfirmActionDialogProps) {
  const {
    open,
    title,
    children,
    confirmLabel,
    confirmDisabled,
    destructive,
    onConfirm,
    onClose,
  } = props;
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DescribedError>();
  const destructiveVariant = useReadableDestructiveVariant();

  // A dialog opened again starts without the previous attempt's error.
  useEffect(() => {
    if (open) setFailure(undefined);
  }, [open]);

  const confirm = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      await onConfirm();
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      isOpen={open}
      onOpenChange={isOpen => {
        if (!isOpen && !busy) onClose();
      }}
      isDismissable={!busy}
      isKeyboardDismissDisabled={busy}
      width={600}
      className={readable.readableSecondaryText}
    >
      <DialogHeader>{title}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          {failure && (
            <Alert
              role="alert"
              status="danger"
              icon
              title={failure.title}
              description={failure.message}
            />
          )}
          {children}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={onClose} isDisabled={busy}>
          Cancel
        </Button>
        <Button
          variant={destructive ? destructiveVariant : 'primary'}
          destructive={destructive}
          onPress={confirm}
          // Pending keeps focus on the button and announces the wait; it is
          // aria-disabled and ignores presses, so a double click sends one request.
          isPending={busy}
          isDisabled={confirmDisabled}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}

/**
 * Backstage UI's destructive buttons miss WCAG AA text contrast in one theme
 * each (solid red with white text: 4.8:1 light, 3.8:1 dark; red on pale red:
 * 3.3:1 light, 5.7:1 dark), so the dialog picks the one that passes in the
 * active theme rather than hand-picking colours.
 */
function useReadableDestructiveVariant(): 'primary' | 'secondary' {
  return useTheme().palette.type === 'dark' ? 'secondary' : 'primary';
}
