import {
  Sidebar,
  sidebarConfig,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import MenuIcon from '@material-ui/icons/Menu';

// The sidebar is dark in both themes: its title takes the navigation colour,
// not the page's text colour (dark on dark in the light theme).
const useStyles = makeStyles(theme => ({
  title: {
    padding: 16,
    width: sidebarConfig.drawerWidthOpen,
    color: theme.palette.navigation.selectedColor,
  },
}));

function SidebarTitle() {
  const classes = useStyles();
  return (
    <Typography variant="h6" component="div" className={classes.title}>
      Slipway
    </Typography>
  );
}

/** The sidebar: catalog, create and the delivery overview first, then whatever other pages exist. */
export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem
          key={item.href}
          icon={() => item.icon}
          to={item.href}
          text={item.title}
        />
      ));
      nav.take('page:notifications'); // shown with its unread count below
      return (
        <Sidebar>
          <SidebarTitle />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:catalog')}
            {nav.take('page:scaffolder')}
            {nav.take('page:codepipeline/delivery-overview')}
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <NotificationsSidebarItem />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
