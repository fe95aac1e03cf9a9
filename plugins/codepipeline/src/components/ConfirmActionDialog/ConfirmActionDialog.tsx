import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReactNode, useEffect, useId, useState } from 'react';
import { DescribedError, describeError } from '../../errors';

export interface ConfirmActionDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Set while the form is incomplete. */
  confirmDisabled?: boolean;
  /** Danger actions (stop, reject, roll back, disable) get the secondary colour. */
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
  const titleId = useId();

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
      open={open}
      onClose={busy ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {failure && (
          <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
            <AlertTitle>{failure.title}</AlertTitle>
            {failure.message}
          </Alert>
        )}
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={destructive ? 'secondary' : 'primary'}
          onClick={confirm}
          disabled={busy || confirmDisabled}
          startIcon={
            busy ? (
              <CircularProgress size={16} aria-label="Working" />
            ) : undefined
          }
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
